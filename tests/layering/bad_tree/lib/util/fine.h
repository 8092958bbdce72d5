// Fixture for the layering test: an allowed include.
#pragma once
#include "util/error.h"
