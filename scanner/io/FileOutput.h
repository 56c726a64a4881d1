#pragma once
// Files migready writes (reports, the LDIF copy of a live read) are written whole or not at all:
// into a temporary file beside the target, which replaces the target only when everything was
// written. Temporary files and folders are registered, so that an interrupted run (SIGINT, SIGTERM)
// removes them before it exits.
#include <fstream>
#include <string>

namespace migready {

// Process-wide list of temporary paths to remove when the run is interrupted.
void registerTemporary(const std::string& path);
void forgetTemporary(const std::string& path);
// Removes every registered path (files, and folders with what they hold). Called by the
// interrupt handler; safe against concurrent register/forget.
void removeTemporaries();

class AtomicFile {
public:
  // Opens a new temporary file in the target's folder. A target that exists and is not a
  // regular file (a terminal, a pipe, /dev/stdout) is written directly instead: it cannot be
  // replaced. Throws SourceError with the system's reason.
  explicit AtomicFile(std::string target);
  ~AtomicFile(); // removes the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return out_; }
  // Flushes and closes; throws SourceError (the system's reason) when the bytes did not all
  // reach the file. For a direct target this is the end.
  void finish();
  // Puts the finished file in place of the target (an atomic rename). Throws SourceError.
  void commit();
  bool direct() const { return direct_; }
  const std::string& target() const { return target_; }

private:
  std::string target_;
  std::string temporary_; // empty when writing directly
  std::ofstream out_;
  bool direct_ = false;
  bool finished_ = false;
  bool committed_ = false;
};

} // namespace migready
