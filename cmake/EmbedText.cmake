# Writes OUTPUT, a C++ header that holds the text files of FILES (a ;-list of NAME=PATH) as
# std::string_view constants, byte for byte, in raw string literals. Run at build time by a
# custom command, so that an edit of the file is built in.
set(content "#pragma once\n// Generated from ${SOURCES_NOTE} by cmake/EmbedText.cmake; edit those files, not this one.\n#include <string_view>\n\nnamespace migready {\n")
foreach(item IN LISTS FILES)
  string(REPLACE "=" ";" parts "${item}")
  list(GET parts 0 name)
  list(GET parts 1 path)
  file(READ "${path}" text)
  string(FIND "${text}" ")embedded\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${path} contains the raw string delimiter )embedded\"")
  endif()
  string(APPEND content "inline constexpr std::string_view ${name} = R\"embedded(${text})embedded\";\n")
endforeach()
string(APPEND content "} // namespace migready\n")
file(WRITE "${OUTPUT}.tmp" "${content}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
