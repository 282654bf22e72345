#pragma once
// The exit codes of the contract (../shared/spec/contract.md, "Exit codes"),
// one name each, for the engine that decides them, the reporters that show
// them and the commands that return them. With several outcomes in one run
// the first that applies in the order 2, 3, 1, 4, 5 wins.
namespace scopegate::engine {

enum ExitCode : int {
  kExitOk = 0,             // every enabled feature has what it needs
  kExitMissing = 1,        // a scope is missing (or --fail-on-excess / --min-ttl failed)
  kExitUsage = 2,          // usage error, invalid manifest or configuration: nothing was sent
  kExitRejected = 3,       // the provider rejected the token
  kExitProviderError = 4,  // the provider could not be asked
  kExitUnverifiable = 5,   // a required scope is unverifiable, and nothing worse happened
};

}  // namespace scopegate::engine
