// Boost.Asio and Boost.Beast, compiled once: with *_SEPARATE_COMPILATION
// defined for every target (CMakeLists.txt), each file that uses them only
// declares what this one defines, which roughly halves their compile time.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
