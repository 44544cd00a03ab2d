import Testing

@testable import Git

@Suite("Shared directory modes")
struct SharedDirectoryModeTests {
    @Test(
        "the exec sidecar's group may search the data directory and read, never write, clones and worktrees",
        arguments: [
            (SharedDirectoryMode.Directory.dataDirectory, UInt32(0o700), UInt32(0o710)),
            (.dataDirectory, 0o755, 0o710),
            (.dataDirectory, 0o2777, 0o710),
            (.repositories, 0o700, 0o2750),
            (.repositories, 0o777, 0o2750),
            (.worktrees, 0o700, 0o2750),
            (.worktrees, 0o2770, 0o2750),
        ]
    )
    func mode(_ directory: SharedDirectoryMode.Directory, current: UInt32, expected: UInt32) {
        #expect(SharedDirectoryMode.mode(of: directory, current: current) == expected)
    }
}
