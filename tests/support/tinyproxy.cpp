#include "support/tinyproxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace scopegate::testing {

namespace {
sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  const sockaddr_in address = loopback(port);
  const bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}
}  // namespace

int unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = loopback(0);
  ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

Tinyproxy::Tinyproxy() : port_(unused_port()) {
  const std::string config = dir_.write("tinyproxy.conf", "Port " + std::to_string(port_) +
                                                              "\nListen 127.0.0.1\nTimeout 30\nLogLevel Connect\n"
                                                              "LogFile \"" + dir_.file("tinyproxy.log") +
                                                              "\"\nMaxClients 50\nAllow 127.0.0.1\n"
                                                              "DisableViaHeader Yes\n");
  // posix_spawnp: the tests that use a proxy run mock servers on threads, so no fork.
  std::string args[] = {"tinyproxy", "-d", "-c", config};
  char* argv[] = {args[0].data(), args[1].data(), args[2].data(), args[3].data(), nullptr};
  if (::posix_spawnp(&pid_, "tinyproxy", nullptr, nullptr, argv, environ) != 0)
    throw std::runtime_error("cannot start tinyproxy (is Debian's tinyproxy installed? .ci/install-deps installs it)");
  for (int i = 0; i < 100 && !accepts_connections(port_); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (!accepts_connections(port_))
    throw std::runtime_error("tinyproxy did not start (is Debian's tinyproxy installed? .ci/install-deps installs it)");
}

Tinyproxy::~Tinyproxy() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
}

std::string Tinyproxy::log() const { return dir_.read("tinyproxy.log"); }

}  // namespace scopegate::testing
