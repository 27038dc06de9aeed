/*
 * markers.h - match an ordered list of markers against a console log.
 *
 * A whole-system test passes when the lines it expects appear on the serial
 * console in a given order.  The log is read as lines (LF-terminated, any
 * trailing CRs dropped).  Each marker is searched for from where the previous
 * one ended: later on the same line, or on a following line.
 *
 * Marker syntax (kept tiny on purpose):
 *   - plain text matches itself anywhere inside one line;
 *   - '*' matches any run of characters within the same line;
 *   - a final '$' anchors the marker to the end of a complete line (a last
 *     line without its LF, still being written, never satisfies '$');
 *   - '\' makes the next character literal ("\*", "\$", "\\").
 */
#ifndef CX_MARKERS_H
#define CX_MARKERS_H

#include <stddef.h>

/*
 * Match one marker against one line, from column 'from' on.
 * 'complete' says whether the line was terminated by a newline.
 * On a match return 1 and store in *end the column just past the match;
 * otherwise return 0.
 */
int cx_marker_match_line(const char *line, size_t len, size_t from,
			 int complete, const char *marker, size_t *end);

/*
 * Count how many of the n markers are found in order in log[0..len).
 * Returns n when all are present; otherwise the index of the first marker
 * that is missing.
 */
size_t cx_markers_match(const char *log, size_t len,
			const char *const *markers, size_t n);

#endif /* CX_MARKERS_H */
