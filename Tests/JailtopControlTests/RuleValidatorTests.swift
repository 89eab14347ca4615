import JailtopActions
import Testing

@testable import JailtopControl
@testable import JailtopModel

/// Limits are checked with the kernel's rules before rctl(8) ever sees them.
@Suite struct RuleValidatorTests {
    @Test(arguments: [
        ("memoryuse:deny=2g", "jail:www:memoryuse:deny=2147483648"),
        ("memoryuse:deny=512m", "jail:www:memoryuse:deny=536870912"),
        ("readbps:throttle=50m", "jail:www:readbps:throttle=52428800"),
        ("pcpu:deny=50", "jail:www:pcpu:deny=50"),
        ("maxproc:deny=200", "jail:www:maxproc:deny=200"),
        ("cputime:sigxcpu=3600", "jail:www:cputime:sigxcpu=3600"),
        ("wallclock:log=86400", "jail:www:wallclock:log=86400"),
        ("vmemoryuse:deny=1g/process", "jail:www:vmemoryuse:deny=1073741824/process"),
        ("openfiles:devctl=4k", "jail:www:openfiles:devctl=4096"),
        (" MemoryUse:deny=1G ", "jail:www:memoryuse:deny=1073741824"),
    ])
    func accepts(text: String, rule: String) throws {
        #expect(try RuleValidator.rule(from: text, jail: "www").rule == rule)
    }

    @Test(arguments: [
        ("cputime:deny=100", "cannot be denied"),
        ("wallclock:deny=100", "cannot be denied"),
        ("readbps:deny=1m", "cannot be denied"),
        ("pcpu:throttle=50", "throttle works only on"),
        ("memoryuse:throttle=1g", "throttle works only on"),
        ("shmsize:deny=1g/process", "not accounted per process"),
        ("swapuse:deny=1g/p", "not accounted per process"),
        ("memory:deny=1g", "unknown resource 'memory'"),
        ("memoryuse:kill=1g", "unknown action 'kill'"),
        ("memoryuse:deny=lots", "is not a whole number"),
        ("memoryuse:deny=-5", "is not a whole number"),
        ("memoryuse:deny=", "missing amount"),
        ("pcpu:deny=50k", "makes no sense for pcpu"),
        ("memoryuse:deny=99999999e", "too large"),
        ("memoryuse=1g", "type resource:action=amount"),
        ("maxproc:deny=10/galaxy", "unknown per 'galaxy'"),
    ])
    func rejects(text: String, reason: String) {
        do {
            _ = try RuleValidator.rule(from: text, jail: "www")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(reason), "\(error.description)")
        }
    }

    @Test func jailNamesWithColonsCannotBeRules() {
        #expect(throws: ActionError.self) { try RuleValidator.rule(from: "maxproc:deny=1", jail: "odd:name") }
    }
}
