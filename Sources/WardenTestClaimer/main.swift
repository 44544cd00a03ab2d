import Foundation
import Store

// A stand-in for a worker process in tests: claims one job with a lease, prints its id, then waits forever
// without completing it, so a test can kill it and prove the lease is reclaimed.
// Usage: WardenTestClaimer <data directory> <lease seconds>

let arguments = CommandLine.arguments
guard arguments.count == 3, let leaseSeconds = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: WardenTestClaimer <data directory> <lease seconds>\n".utf8))
    exit(2)
}
let store = try SQLiteStore.open(dataDirectory: arguments[1])
guard let job = try await store.claimNext(owner: "claimer-\(ProcessInfo.processInfo.processIdentifier)", leaseFor: .seconds(leaseSeconds)) else {
    print("none")
    exit(3)
}
FileHandle.standardOutput.write(Data((job.id + "\n").utf8))
while true {
    try await Task.sleep(for: .seconds(3600))
}
