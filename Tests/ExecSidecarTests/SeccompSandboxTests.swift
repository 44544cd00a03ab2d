import Foundation
import Hardening
import Subprocess
import Testing
import WardenTestSupport

/// What the model's commands can and cannot do under the filter, checked inside real children of the server.
@Suite("Commands run under the seccomp filter", .serialized)
struct SeccompSandboxTests {
    /// Python that calls raw system calls and prints `-1 errno` or the result.
    private static let syscallPrelude = """
        import ctypes, sys
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        def call(*args):
            result = libc.syscall(*[ctypes.c_long(a) if isinstance(a, int) else a for a in args])
            return (result, ctypes.get_errno() if result < 0 else 0)

        """

    private static func python(_ body: String) -> String {
        let script = syscallPrelude + body
        return "/usr/bin/python3 -c '\(script.replacingOccurrences(of: "'", with: "'\\''"))'"
    }

    private static var architecture: SeccompArchitecture {
        get throws { try #require(SeccompArchitecture.current) }
    }

    @Test("refuses AF_UNIX sockets with EACCES, also with high bits in the domain", .timeLimit(.minutes(1)))
    func unixSocketsRefused() async throws {
        let socketNumber = try Self.architecture.number(of: .socket)
        try await ExecServerHarness.with { server in
            let plain = try await server.shell("/usr/bin/python3 -c 'import socket; socket.socket(socket.AF_UNIX)'")
            #expect(plain.status == .exited(1))
            #expect(plain.standardError.contains("PermissionError: [Errno 13]"), "\(plain.standardError)")
            let highBits = try await server.shell(Self.python("print(call(\(socketNumber), 0x100000001, 1, 0))"))
            #expect(highBits.standardOutput == "(-1, 13)\n", "\(highBits.standardError)")
        }
    }

    @Test("still allows socketpair and internet sockets", .timeLimit(.minutes(1)))
    func otherSocketsAllowed() async throws {
        try await ExecServerHarness.with { server in
            let run = try await server.shell(
                """
                /usr/bin/python3 -c 'import socket
                a, b = socket.socketpair()
                a.send(b"x")
                print(b.recv(1).decode())
                socket.socket(socket.AF_INET).close()
                socket.socket(socket.AF_INET6).close()
                print("inet ok")'
                """
            )
            #expect(run.standardOutput == "x\ninet ok\n", "\(run.standardError)")
        }
    }

    @Test("still lets curl and git work over loopback HTTP", .timeLimit(.minutes(2)))
    func curlAndGit() async throws {
        let port = Int.random(in: 20000...60000)
        try await ExecServerHarness.with { server in
            let run = try await server.shell(
                """
                set -e
                mkdir -p site && echo hello-over-http > site/hello.txt
                git init -q --bare site/repo.git
                git init -q work && cd work && git -c user.name=t -c user.email=t@e commit -q --allow-empty -m first
                git push -q ../site/repo.git HEAD:refs/heads/main && cd ..
                git -C site/repo.git update-server-info
                /usr/bin/python3 -m http.server \(port) --bind 127.0.0.1 --directory site >/dev/null 2>&1 &
                for i in $(seq 100); do curl -sf http://127.0.0.1:\(port)/hello.txt && break; sleep 0.1; done
                git clone -q -b main http://127.0.0.1:\(port)/repo.git clone
                git -C clone log --format=%s
                """
            )
            #expect(run.standardOutput == "hello-over-http\nfirst\n", "\(run.standardError)")
            #expect(run.status == .exited(0))
        }
    }

    @Test("keeps the filter in a grandchild after execve", .timeLimit(.minutes(1)))
    func grandchildFiltered() async throws {
        try await ExecServerHarness.with { server in
            let run = try await server.shim(["-lc", #"bash -c "/usr/bin/python3 -c 'print(open(\"/proc/self/status\").read())'" | grep -E '^(NoNewPrivs|Seccomp):'"#])
            #expect(run.standardOutput == "NoNewPrivs:\t1\nSeccomp:\t2\n", "\(run.standardError)")
        }
    }

    @Test("refuses io_uring, ptrace and process_vm_readv on the server, and pidfd_getfd of its sockets", .timeLimit(.minutes(1)))
    func escapesRefused() async throws {
        let architecture = try Self.architecture
        try await ExecServerHarness.with { server in
            let pid = server.serverPID
            let script = """
                params = ctypes.create_string_buffer(120)
                print("io_uring_setup", call(425, 8, params))
                print("io_uring_enter", call(426, 0, 1, 0, 0, 0, 0))
                print("io_uring_register", call(427, 0, 0, 0, 0))
                print("ptrace", call(\(architecture.number(of: .ptrace)), 16, \(pid), 0, 0))
                print("process_vm_readv", call(\(architecture.number(of: .processVMReadv)), \(pid), 0, 0, 0, 0, 0))
                pidfd = call(434, \(pid), 0)[0]
                print("pidfd_open", pidfd >= 0)
                print("pidfd_getfd", sorted(set(call(438, pidfd, fd, 0) for fd in range(64))))
                """
            let run = try await server.shell(Self.python(script))
            #expect(
                run.standardOutput == """
                    io_uring_setup (-1, 1)
                    io_uring_enter (-1, 1)
                    io_uring_register (-1, 1)
                    ptrace (-1, 1)
                    process_vm_readv (-1, 1)
                    pidfd_open True
                    pidfd_getfd [(-1, 1)]

                    """,
                "\(run.standardError)"
            )
        }
    }
}
