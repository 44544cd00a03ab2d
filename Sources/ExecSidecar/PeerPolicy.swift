/// Which connecting processes the exec server serves: a pure decision over ``PeerCredentials``, without I/O.
///
/// A peer is served when its uid is in ``allowedUIDs`` or any of its groups — the primary gid or a supplementary
/// one such as a pod's `fsGroup` — is in ``allowedGIDs``. Nothing is allowed by default: the server's own uid is
/// the uid the model's commands run as, so allowing it implicitly would let those commands connect back.
struct PeerPolicy: Sendable, Equatable {
    /// Uids that may connect (`exec.allowed_uids`).
    var allowedUIDs: Set<UInt32>
    /// Gids that may connect, matched against the peer's primary and supplementary groups (`exec.allowed_gids`).
    var allowedGIDs: Set<UInt32>

    /// Whether `peer` may use the server.
    /// - Parameter peer: The credentials the kernel recorded when the peer connected.
    /// - Returns: `true` when the uid or one of the groups is allowed.
    func admits(_ peer: PeerCredentials) -> Bool {
        allowedUIDs.contains(peer.uid) || allowedGIDs.contains(peer.gid) || peer.groups.contains(where: allowedGIDs.contains)
    }
}
