import CLinuxSecurity
import Glibc

/// Who is on the other end of an accepted unix-socket connection, as the kernel recorded it at `connect(2)`.
///
/// Read with `SO_PEERCRED` (uid and primary gid) and `SO_PEERGROUPS` (supplementary groups). Both are the
/// credentials of the connecting process at the moment it connected, translated into the server's user
/// namespace, so they hold across containers (where the pid is 0) and cannot be changed afterwards by the peer —
/// unlike `/proc/<pid>/status`, which would race with the peer exiting and its pid being reused.
struct PeerCredentials: Sendable, Equatable {
    /// The peer's effective uid.
    var uid: UInt32
    /// The peer's effective primary gid.
    var gid: UInt32
    /// The peer's supplementary groups (a pod's `fsGroup` is one of these).
    var groups: [UInt32]

    /// This process's own credentials: those the model's commands inherit.
    static var ofThisProcess: PeerCredentials {
        let count = getgroups(0, nil)
        var groups = [gid_t](repeating: 0, count: Int(max(count, 0)))
        let listed = groups.withUnsafeMutableBufferPointer { getgroups(Int32($0.count), $0.baseAddress) }
        return PeerCredentials(uid: getuid(), gid: getgid(), groups: Array(groups.prefix(Int(max(listed, 0)))))
    }

    /// Reads the credentials of the peer of `descriptor`.
    /// - Parameter descriptor: A connected unix socket.
    /// - Returns: The credentials, or the `errno` of the call that failed.
    static func read(from descriptor: Int32) -> Result<PeerCredentials, SystemCallError> {
        var pid: pid_t = 0
        var uid: uid_t = 0
        var gid: gid_t = 0
        let lookup = SystemCallResult { warden_peer_credentials(descriptor, &pid, &uid, &gid) }
        guard !lookup.failed else { return .failure(SystemCallError(errno: lookup.errno)) }
        var groups = [gid_t](repeating: 0, count: 64)
        while true {
            var count: Int32 = 0
            let capacity = Int32(groups.count)
            let listed = SystemCallResult { groups.withUnsafeMutableBufferPointer { warden_peer_groups(descriptor, $0.baseAddress, capacity, &count) } }
            if !listed.failed {
                return .success(PeerCredentials(uid: uid, gid: gid, groups: Array(groups.prefix(Int(count)))))
            }
            guard listed.errno == ERANGE, count > capacity else { return .failure(SystemCallError(errno: listed.errno)) }
            groups = [gid_t](repeating: 0, count: Int(count))
        }
    }
}
