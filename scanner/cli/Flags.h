#pragma once
// The command line's names for the scan's settings ("--ldap-timeout"). The only place that knows
// a flag besides the option table in Cli.cpp; useFlagNames() makes every message below the
// command line name settings this way.
#include "scanner/model/Setting.h"

#include <string_view>

namespace migready {

std::string_view flagOf(Setting setting);
void useFlagNames();

} // namespace migready
