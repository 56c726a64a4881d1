// The messages the tests read name settings as the command line does ("--ldap-timeout").
#define CATCH_CONFIG_RUNNER
#include "scanner/cli/Flags.h"

#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
  migready::useFlagNames();
  return Catch::Session().run(argc, argv);
}
