import Foundation
import Glibc
import Hardening
import Testing

/// Hardening applied to the test process itself (harmless to the runner: it only stops core dumps and ptrace).
@Suite("ProcessHardening")
struct ProcessHardeningTests {
    @Test("makes the process non-dumpable, sets both core limits to 0 and removes every LD_* variable")
    func appliesPreMain() throws {
        setenv("LD_WARDEN_TEST_ONE", "1", 1)
        setenv("LD_WARDEN_TEST_TWO", "2", 1)
        setenv("WARDEN_NOT_LD_TEST", "kept", 1)
        let report = try ProcessHardening.applyPreMain()
        #expect(report.removedEnvironmentVariables >= 2)
        #expect(!ProcessHardening.isDumpable)
        var limit = rlimit()
        #expect(getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit) == 0)
        #expect(limit.rlim_cur == 0 && limit.rlim_max == 0)
        #expect(getenv("LD_WARDEN_TEST_ONE") == nil)
        #expect(getenv("LD_WARDEN_TEST_TWO") == nil)
        #expect(String(cString: try #require(getenv("WARDEN_NOT_LD_TEST"))) == "kept")
    }

    @Test("names the failed call in its message and exits like upstream")
    func errors() {
        #expect(ProcessHardeningError.nondumpable(errorNumber: EPERM).description == "prctl(PR_SET_DUMPABLE, 0) failed: Operation not permitted")
        #expect(ProcessHardeningError.nondumpable(errorNumber: EPERM).exitStatus == 5)
        #expect(ProcessHardeningError.coreLimit(errorNumber: EPERM).exitStatus == 7)
    }
}
