// util/output_styles.h — the output styles pgdrift reads catalogs in.
//
// Deparsed constants (dates, intervals, floats, time zones) print according to these
// settings: with the same ones, the same catalogs print the same on every server. The
// reader's sessions use them, and so do a revert's conditions, which compare values
// printed there with values printed in the database a migration runs on.
#pragma once

#include <array>

namespace pgdrift {

struct OutputStyle {
  const char* name;
  const char* value;
};

inline constexpr std::array<OutputStyle, 4> kOutputStyles = {{{"DateStyle", "ISO, MDY"},
                                                              {"IntervalStyle", "postgres"},
                                                              {"extra_float_digits", "3"},
                                                              {"TimeZone", "UTC"}}};

}  // namespace pgdrift
