import CNcursesw
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension CursesTests {
    /// Which siginfo codes the crash handler takes for a fault that recurs by itself (then it
    /// returns) rather than a signal sent by a process (then it re-raises). The other branch of
    /// platform.h, FreeBSD's (SI_USER 0x10001 and up), is compiled by .ci/freebsd-c-check.
    @Suite struct SignalFault {
        func isFault(_ code: Int32) -> Bool {
            var info = siginfo_t()
            info.si_code = code
            return jt_signal_is_fault(&info) != 0
        }

        @Test func faultsRecur() {
            #expect(isFault(Int32(SEGV_MAPERR)))
            #expect(isFault(Int32(SEGV_ACCERR)))
            #expect(isFault(Int32(BUS_ADRALN)))
            #expect(isFault(Int32(ILL_ILLOPC)))
            #expect(isFault(Int32(FPE_INTDIV)))
            #if os(Linux)
                // x86's general protection fault (a non-canonical address) arrives as SI_KERNEL.
                #expect(isFault(0x80))
            #endif
        }

        @Test func sentSignalsDoNot() {
            #expect(!isFault(Int32(SI_USER)))
            #expect(!isFault(Int32(SI_QUEUE)))
            #expect(!isFault(Int32(SI_TIMER)))
            #if os(Linux)
                #expect(!isFault(Int32(SI_TKILL)))
            #elseif os(FreeBSD)
                #expect(!isFault(Int32(SI_LWP)))
                #expect(!isFault(Int32(SI_KERNEL)))
            #endif
            #expect(!jt_signal_is_fault(nil).boolValue)
        }
    }
}

extension Int32 {
    fileprivate var boolValue: Bool { self != 0 }
}
