#include "scanner/cli/Cli.h"

#include <iostream>

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return migready::runCli(args, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "migready: internal error: " << e.what() << "\n";
    return 2;
  }
}
