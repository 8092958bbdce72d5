// report/markup.h — text made safe for the HTML and XML pgdrift writes.
#pragma once

#include <string>

namespace pgdrift::report {

/// \a text with &, <, >, " and ' as character references, for text and attribute values
/// of HTML and XML alike; control characters other than line feed and tab (which XML 1.0
/// forbids) as spaces.
std::string markup_escape(const std::string& text);

}  // namespace pgdrift::report
