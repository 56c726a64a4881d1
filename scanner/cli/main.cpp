#include "scanner/cli/Cli.h"
#include "scanner/io/FileOutput.h"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <pthread.h>
#include <thread>

namespace {
// SIGINT and SIGTERM are blocked in every thread and taken by one that waits for them: it
// removes the temporary files (half-written reports, saved pages) and ends the process with
// 128 + the signal (130, 143), so that no report appears that looks finished and is not.
void handleInterrupts() {
  static sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread([] {
    int signal = 0;
    if (sigwait(&signals, &signal) != 0) return;
    migready::removeTemporaries();
    std::_Exit(128 + signal);
  }).detach();
}
} // namespace

int main(int argc, char** argv) {
  handleInterrupts(); // before any other thread exists, so that all of them inherit the mask
  // A server that closes the connection while libldap or OpenSSL writes to it must fail that
  // read (EPIPE, a named error), not kill the process with SIGPIPE and leave no report. A closed
  // standard output likewise is a write error the report writer names.
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return migready::runCli(args, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "migready: internal error: " << e.what() << "\n";
    return 2;
  }
}
