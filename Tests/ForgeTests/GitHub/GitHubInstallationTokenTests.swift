import Forge
import Testing
import WardenCore

@Suite("GitHub installation tokens")
struct GitHubInstallationTokenTests {
    @Test(
        "are used until five minutes before they expire",
        arguments: [
            (secondsLeft: 3600.0, usable: true),
            (secondsLeft: 301.0, usable: true),
            (secondsLeft: 300.0, usable: false),
            (secondsLeft: 10.0, usable: false),
            (secondsLeft: -5.0, usable: false),
        ]
    )
    func usable(secondsLeft: Double, usable: Bool) {
        let token = GitHubInstallationToken(value: Secret("ghs_x"), expiresAt: 1_800_000_000 + secondsLeft)
        #expect(token.isUsable(at: 1_800_000_000) == usable)
    }

    @Test("the cache hands out a usable token, forgets a refused one, and keeps a newer one")
    func cache() async {
        let cache = GitHubTokenCache()
        let first = GitHubInstallationToken(value: Secret("ghs_first"), expiresAt: 1_800_003_600)
        await cache.store(first, installationID: 9)
        #expect(await cache.token(installationID: 9, at: 1_800_000_000) == first)
        #expect(await cache.token(installationID: 9, at: 1_800_003_400) == nil)
        #expect(await cache.token(installationID: 10, at: 1_800_000_000) == nil)
        let second = GitHubInstallationToken(value: Secret("ghs_second"), expiresAt: 1_800_003_600)
        await cache.store(second, installationID: 9)
        await cache.discard(Secret("ghs_first"), installationID: 9)
        #expect(await cache.token(installationID: 9, at: 1_800_000_000) == second)
        await cache.discard(Secret("ghs_second"), installationID: 9)
        #expect(await cache.token(installationID: 9, at: 1_800_000_000) == nil)
        await cache.remember(installationID: 9, of: "Octo/Repo")
        #expect(await cache.installationID(of: "octo/repo") == 9)
    }
}
