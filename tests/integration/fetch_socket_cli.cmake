# Fetches the npm package @socketsecurity/cli as the registry serves it now
# (`npm pack`, the registry's own client) into DESTINATION/package, for the
# integration test that reads socket-cli's real table. Without npm or the
# registry it writes DESTINATION/unavailable.txt saying why and succeeds:
# that test then reports itself SKIPPED (a machine offline is not a failure).
# Run as: cmake -DDESTINATION=DIR -P fetch_socket_cli.cmake
if(EXISTS "${DESTINATION}/package/package.json")
  return()  # fetched by an earlier run
endif()
file(REMOVE_RECURSE "${DESTINATION}/download" "${DESTINATION}/extract")
file(REMOVE "${DESTINATION}/unavailable.txt")
file(MAKE_DIRECTORY "${DESTINATION}/download" "${DESTINATION}/extract")

function(unavailable why)
  file(WRITE "${DESTINATION}/unavailable.txt" "${why}")
  message(STATUS "socket-cli package unavailable: ${why}")
endfunction()

find_program(NPM npm)
if(NOT NPM)
  unavailable("npm is not installed")
  return()
endif()
execute_process(
  COMMAND "${NPM}" pack @socketsecurity/cli --pack-destination "${DESTINATION}/download" --loglevel=error
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 150)
file(GLOB tarballs "${DESTINATION}/download/*.tgz")
if(NOT status EQUAL 0 OR NOT tarballs)
  string(REGEX REPLACE "[\r\n]+" " " err "${err}")
  string(SUBSTRING "${err}" 0 300 err)
  unavailable("npm pack @socketsecurity/cli failed (${status}): ${err}")
  return()
endif()
list(GET tarballs 0 tarball)
file(ARCHIVE_EXTRACT INPUT "${tarball}" DESTINATION "${DESTINATION}/extract")
if(NOT EXISTS "${DESTINATION}/extract/package/package.json")
  unavailable("${tarball} holds no package/package.json")
  return()
endif()
# One rename, so a test running beside this step sees the whole package or none.
file(RENAME "${DESTINATION}/extract/package" "${DESTINATION}/package")
message(STATUS "socket-cli package: ${tarball}")
