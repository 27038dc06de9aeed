#!/bin/sh
# check-no-python.sh - fail when Python enters the source tree.
#
#   check-no-python.sh [SRCDIR]      scan SRCDIR (default: $top_srcdir, else ..)
#   check-no-python.sh --self-test   only check that the checker catches things
#
# Run by `make check` (tests/Makefile.am).  It walks the source tree with
# find, so it works in a git checkout and in an unpacked release tarball
# (`make distcheck`) alike.  Skipped: .git, autom4te.cache, release
# directories left by `make dist` (cxen-<version>/) and every configured
# build directory (one holding a config.status) below the top.
#
# Flagged:
#   - Python files: *.py *.pyc *.pyo *.pyw *.pyi *.pyx *.pyd *.ipynb,
#     __pycache__/, pyproject.toml, setup.cfg, tox.ini, Pipfile,
#     requirements*.txt;
#   - a first line "#!...<py>";
#   - in any file but prose (*.md, *.txt, *.rst, man pages, docs/):
#     an interpreter path (".../bin/<py>"), "env <py>", a C string
#     that starts with the command ("<py>3 ..."), automake's PYTHON
#     primary and variable, autoconf's AM_PATH_<PYTHON>;
#   - in shell-like files (*.sh, *.am, *.ac, *.m4, *.in, *.mk, Makefiles,
#     scripts/, .ci/, files with a #! line): the command in command position
#     (line start, after ; & | ( ` $( then do else exec env command xargs
#     sudo nohup time), as in "<py>3 -c ...".
# The word itself is assembled from pieces below, so that this script does
# not flag itself.
set -u
LC_ALL=C
export LC_ALL

py=pyt
py="${py}hon"                      # the interpreter's name
PY=PYT
PY="${PY}HON"                      # automake's primary, autoconf's macro
cmd="$py[0-9.]*"                   # the interpreter, possibly versioned

# Patterns (POSIX extended regular expressions).
re_shebang="^#!.*[Pp]${py#p}"
re_anywhere="bin/$cmd([^[:alnum:]_.-]|\$)|(^|[^[:alnum:]_])env[[:space:]]+$cmd([[:space:]]|\$)|\"$cmd([[:space:]\"]|\$)|_$PY[[:space:]]*\\+?=|^[[:space:]]*$PY[[:space:]]*[:+?]?=|AM_PATH_$PY|AX_$PY"
re_command="(^|[;&|(\`{]|\\\$\\(|(^|[[:space:]])(then|do|else|exec|env|command|xargs|sudo|nohup|time))[[:space:]]*$cmd([[:space:]]|\$|[;&|)\`])"

# scan ROOT: print one line per finding; return 1 if anything was found.
scan() {
	root=$1
	found=0
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/cx-nopy.XXXXXX") || return 2

	# Build directories below the top (the top itself may be configured
	# in place): anything holding a config.status.
	set -- -name .git -o -name autom4te.cache -o -name "cxen-[0-9]*"
	for cs in $(find "$root" -mindepth 2 -name config.status -type f 2>/dev/null); do
		set -- "$@" -o -path "${cs%/config.status}"
	done
	find "$root" \( -type d \( "$@" \) -prune \) -o -print > "$tmp/all"

	# 1. Python files by name.
	while IFS= read -r f; do
		base=${f##*/}
		case $base in
		*.py | *.pyc | *.pyo | *.pyw | *.pyi | *.pyx | *.pyd | *.ipynb | \
		__pycache__ | pyproject.toml | setup.cfg | tox.ini | Pipfile | \
		requirements*.txt)
			echo "$f: $py file"
			found=1 ;;
		esac
	done < "$tmp/all"

	# Regular files only, minus generated logs of an in-place build.
	while IFS= read -r f; do
		[ -f "$f" ] || continue
		case ${f##*/} in
		config.log | config.status | libtool | *.log | *.trs) continue ;;
		esac
		printf '%s\n' "$f"
	done < "$tmp/all" > "$tmp/files"

	# 2. Shebangs (first lines of all files, in one pass).
	: > "$tmp/shebangs"
	if [ -s "$tmp/files" ]; then
		tr '\n' '\000' < "$tmp/files" |
			xargs -0 awk 'FNR == 1 { if (substr($0, 1, 2) == "#!") print FILENAME "\t" $0; nextfile }' \
			> "$tmp/shebangs" 2>/dev/null
	fi
	while IFS=$(printf '\t') read -r f line; do
		if printf '%s\n' "$line" | grep -Eq "$re_shebang"; then
			echo "$f:1: $line"
			found=1
		fi
	done < "$tmp/shebangs"

	# 3. Invocations in code and build files (prose is not scanned).
	: > "$tmp/code"
	: > "$tmp/shell"
	while IFS= read -r f; do
		rel=${f#"$root"/}
		case /$rel in
		*/docs/* | *.md | *.txt | *.rst | *.[1-9] | *.[1-9].in) continue ;;
		esac
		printf '%s\n' "$f" >> "$tmp/code"
		case /$rel in
		*.sh | *.bash | *.am | *.ac | *.m4 | *.in | *.mk | */Makefile | \
		*/GNUmakefile | */makefile | /scripts/* | /.ci/*)
			printf '%s\n' "$f" >> "$tmp/shell"; continue ;;
		esac
	done < "$tmp/files"
	# ... and every other file with a #! line.
	cut -f 1 "$tmp/shebangs" |
		awk 'NR == FNR { bang[$0] = 1; next } ($0 in bang)' - "$tmp/code" >> "$tmp/shell"
	sort -u -o "$tmp/shell" "$tmp/shell"
	if [ -s "$tmp/code" ]; then
		tr '\n' '\000' < "$tmp/code" |
			xargs -0 grep -I -n -H -E -e "$re_anywhere" -- > "$tmp/hits" 2>/dev/null
		if [ -s "$tmp/hits" ]; then cat "$tmp/hits"; found=1; fi
	fi
	if [ -s "$tmp/shell" ]; then
		tr '\n' '\000' < "$tmp/shell" |
			xargs -0 grep -I -n -H -E -e "$re_command" -- > "$tmp/hits" 2>/dev/null
		if [ -s "$tmp/hits" ]; then cat "$tmp/hits"; found=1; fi
	fi
	nfiles=$(wc -l < "$tmp/files")
	rm -rf "$tmp"
	[ "$found" = 0 ] || return 1
	echo "check-no-python: $nfiles files under $root, no $py"
	return 0
}

# The checker must catch each of these, and must not flag the clean tree.
self_test() {
	st=$(mktemp -d "${TMPDIR:-/tmp}/cx-nopy-self.XXXXXX") || return 2
	rc=0
	mkdir -p "$st/clean/docs" "$st/clean/src" "$st/clean/build"
	# Look-alikes that are not invocations.
	printf 'static int lex_error(struct ctx *p, int %s);\nif (%s)\n\tx = 1;\n' \
		"$py" "$py" > "$st/clean/src/lex.c"
	printf 'Nothing here needs %s.\n%s3 -c 1 is shown in prose only\n' \
		"Pyt${py#pyt}" "$py" > "$st/clean/docs/notes.md"
	printf '#!/bin/sh\necho "no %s here"\n' "Pyt${py#pyt}" > "$st/clean/src/ok.sh"
	# A configured build directory is skipped.
	: > "$st/clean/build/config.status"
	printf '#!/usr/bin/%s3\n' "$py" > "$st/clean/build/gen"
	if ! out=$(scan "$st/clean"); then
		echo "self-test: clean tree flagged:"; echo "$out"; rc=1
	fi
	n=0
	for bad in \
		"f.py:x = 1" \
		"a/b.pyc:" \
		"run:#!/usr/bin/env ${py}3" \
		"run2:#!/usr/bin/${py}" \
		"t.sh:set -e; ${py}3 -c 'print(1)'" \
		"u.sh:out=\$(${py} gen.py)" \
		"v.sh:  ${py}3.11 tool" \
		"Makefile.am:gen.c: gen.in\n\t${py}3 \$< > \$@" \
		"Makefile2.am:dist_bin_${PY} = tool" \
		"configure.ac:AM_PATH_${PY}([3.5])" \
		"exec.c:execlp(\"${py}3\", \"${py}3\", \"-c\", s, NULL);" \
		"path.c:const char *p = \"/usr/bin/${py}3\";" \
		"scripts/x:exec ${py} -m foo" ; do
		n=$((n + 1))
		name=${bad%%:*}
		body=${bad#*:}
		mkdir -p "$st/bad$n/$(dirname "$name")"
		printf "$body\n" > "$st/bad$n/$name"
		if scan "$st/bad$n" > /dev/null; then
			echo "self-test: not caught: $name: $body"; rc=1
		fi
	done
	rm -rf "$st"
	return $rc
}

if [ "${1:-}" = --self-test ]; then
	self_test && echo "check-no-python: self-test passed"
	exit $?
fi
self_test || exit 1
root=${1:-${top_srcdir:-$(dirname "$0")/..}}
root=$(cd "$root" && pwd) || exit 1
scan "$root"
