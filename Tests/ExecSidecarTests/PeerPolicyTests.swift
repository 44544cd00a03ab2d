import Testing

@testable import ExecSidecar

@Suite("Exec server peer policy")
struct PeerPolicyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let policy: PeerPolicy
        let peer: PeerCredentials
        let admitted: Bool
        var testDescription: String { name }
    }

    private static let bot = PeerCredentials(uid: 1000, gid: 1000, groups: [2000])

    static let cases: [Case] = [
        Case(name: "an allowed uid", policy: PeerPolicy(allowedUIDs: [1000], allowedGIDs: []), peer: bot, admitted: true),
        Case(name: "an allowed primary gid", policy: PeerPolicy(allowedUIDs: [], allowedGIDs: [1000]), peer: bot, admitted: true),
        Case(
            name: "an allowed supplementary group (a pod's fsGroup)", policy: PeerPolicy(allowedUIDs: [], allowedGIDs: [2000]), peer: bot,
            admitted: true
        ),
        Case(
            name: "one allowed group among several", policy: PeerPolicy(allowedUIDs: [], allowedGIDs: [7]),
            peer: PeerCredentials(uid: 1000, gid: 1000, groups: [5, 6, 7]), admitted: true
        ),
        Case(name: "no uid or group allowed", policy: PeerPolicy(allowedUIDs: [1001], allowedGIDs: [3000]), peer: bot, admitted: false),
        Case(
            name: "nothing allowed admits no one, not even root", policy: PeerPolicy(allowedUIDs: [], allowedGIDs: []),
            peer: PeerCredentials(uid: 0, gid: 0, groups: [0]), admitted: false
        ),
        Case(
            name: "a peer without supplementary groups is judged on uid and gid", policy: PeerPolicy(allowedUIDs: [], allowedGIDs: [2000]),
            peer: PeerCredentials(uid: 1000, gid: 1000, groups: []), admitted: false
        ),
    ]

    @Test("admits a peer when its uid or one of its groups is allowed", arguments: cases)
    func admits(_ row: Case) {
        #expect(row.policy.admits(row.peer) == row.admitted)
    }
}
