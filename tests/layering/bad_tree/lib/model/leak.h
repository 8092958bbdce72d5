// Fixture for the layering test: model/ must not see libpq, so this include is a violation.
#pragma once
#include "pg/connection.h"
