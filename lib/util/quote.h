// util/quote.h — quoting of SQL identifiers and literals.
//
// Pure functions with PostgreSQL's own rules (the same ones as quote_ident and
// quote_literal), so rendering never needs a server connection.
#pragma once

#include <string>
#include <string_view>

namespace pgdrift {

/// True when \a word is a PostgreSQL keyword that cannot be used as a bare column
/// name (any category but "unreserved") in some supported major (12–18).
bool is_quoting_keyword(std::string_view word);

/// Quotes \a name as an identifier when it needs it: anything but a lower-case
/// [a-z_][a-z0-9_]* word that is not a keyword. Embedded double quotes are doubled.
std::string quote_ident(std::string_view name);

/// "schema"."name", each part quoted as needed.
std::string qualified_name(std::string_view schema, std::string_view name);

/// A string literal. Uses the E'' form (with doubled backslashes) when the text holds a
/// backslash, so it reads the same whatever standard_conforming_strings is.
std::string quote_literal(std::string_view text);

}  // namespace pgdrift
