import CLinuxSecurity
import Glibc

/// The few raw unix-socket operations the exec sidecar needs, with close-on-exec descriptors throughout.
enum UnixSocket {
    /// Creates the listening socket at `path`: the folder is created 0750 when missing (an existing folder
    /// keeps its group and set-gid bit but loses group-write and all access for others), a stale socket file
    /// is removed, and the new one is made 0660 before `listen`, so no one connects while it is wider.
    /// - Returns: The listening descriptor.
    /// - Throws: ``ExecSidecarError`` when a step fails.
    static func listen(at path: String, backlog: Int32 = 64) throws(ExecSidecarError) -> Int32 {
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !folder.isEmpty {
            var status = stat()
            if stat(folder, &status) != 0 {
                let created = SystemCallResult { mkdir(folder, 0o750) }
                guard !created.failed || created.errno == EEXIST else {
                    throw .socketFailed("create the folder of", path: path, errno: created.errno)
                }
                _ = chmod(folder, 0o750)
            } else {
                _ = chmod(folder, (status.st_mode & 0o2000) | 0o750)
            }
        }
        var existing = stat()
        if lstat(path, &existing) == 0 {
            guard (existing.st_mode & S_IFMT) == S_IFSOCK else {
                throw .socketFailed("replace (it is not a socket)", path: path, errno: EEXIST)
            }
            unlink(path)
        }
        let descriptor = try makeSocket(path: path)
        do throws(ExecSidecarError) {
            try withAddress(path) { address, length throws(ExecSidecarError) in
                let bound = SystemCallResult { bind(descriptor, address, length) }
                guard !bound.failed else { throw .socketFailed("bind", path: path, errno: bound.errno) }
            }
            let restricted = SystemCallResult { chmod(path, 0o660) }
            guard !restricted.failed else { throw .socketFailed("set the mode of", path: path, errno: restricted.errno) }
            let listening = SystemCallResult { Glibc.listen(descriptor, backlog) }
            guard !listening.failed else { throw .socketFailed("listen on", path: path, errno: listening.errno) }
        } catch {
            close(descriptor)
            throw error
        }
        return descriptor
    }

    /// Connects to the socket at `path`.
    /// - Returns: The connected descriptor.
    /// - Throws: ``ExecSidecarError`` when the socket cannot be reached.
    static func connect(to path: String) throws(ExecSidecarError) -> Int32 {
        let descriptor = try makeSocket(path: path)
        do throws(ExecSidecarError) {
            try withAddress(path) { address, length throws(ExecSidecarError) in
                let connected = SystemCallResult { Glibc.connect(descriptor, address, length) }
                guard !connected.failed else { throw .socketFailed("connect to", path: path, errno: connected.errno) }
            }
        } catch {
            close(descriptor)
            throw error
        }
        return descriptor
    }

    /// Writes all of `bytes`, without SIGPIPE when the peer is gone.
    /// - Returns: Whether everything was written.
    @discardableResult
    static func send(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                SystemCallResult { Glibc.send(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, Int32(MSG_NOSIGNAL)) }
            }
            if written.failed {
                if written.interrupted { continue }
                return false
            }
            offset += written.value
        }
        return true
    }

    private static func makeSocket(path: String) throws(ExecSidecarError) -> Int32 {
        let descriptor = SystemCallResult { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        guard !descriptor.failed else { throw .socketFailed("create", path: path, errno: descriptor.errno) }
        return descriptor.value
    }

    private static func withAddress(
        _ path: String,
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(ExecSidecarError) -> Void
    ) throws(ExecSidecarError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { throw .socketFailed("use", path: path, errno: ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
        try withUnsafePointer(to: &address) { pointer throws(ExecSidecarError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(ExecSidecarError) in
                try body(address, length)
            }
        }
    }
}
