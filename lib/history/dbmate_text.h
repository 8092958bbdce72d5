// history/dbmate_text.h — SQL text that dbmate splits where pgdrift means it to.
//
// dbmate finds its section markers with a regular expression on raw lines
// (`(?m)^--\s*migrate:(up|down)(\s*$|\s+\S+)`, Go's \s taking newlines too); it knows
// nothing of SQL quoting. A function body, a comment or a string default holding such a
// line would end the up section early, and the baseline's version would be recorded with
// a file dbmate cannot run (issue 17). These functions find such lines by dbmate's rule
// and rewrite the SQL around them, with the same meaning, using libpg_query's scanner to
// know what each line is part of. Depends on util and libpg_query.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pgdrift::history {

/// Offsets of the lines of \a text that dbmate takes for a section marker, by dbmate's
/// rule: `--` at the start of a line, blanks (newlines included), `migrate:up` or
/// `migrate:down`, then a blank or the end of the text.
std::vector<size_t> dbmate_marker_offsets(std::string_view text);

/// \a sql (a script of complete statements) rewritten so that no line of it is a dbmate
/// marker, meaning the same to PostgreSQL: a string constant holding such a line is split
/// before it into two constants that PostgreSQL joins again (separated by a newline); a
/// dollar-quoted one is first written as an escape string; a comment line gets a leading
/// space. Returns \a sql itself when it has no such line. Throws Error(kInput) naming the
/// place when the line is part of anything else (a quoted name, say).
std::string without_dbmate_markers(const std::string& sql);

}  // namespace pgdrift::history
