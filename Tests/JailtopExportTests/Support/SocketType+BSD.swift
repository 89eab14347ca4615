#if os(FreeBSD) || os(OpenBSD) || canImport(Darwin)
    #if canImport(Darwin)
        import Darwin
    #else
        // Swift's C library module is called Glibc on FreeBSD too.
        import Glibc
    #endif

    /// FreeBSD's sys/socket.h (and Darwin's) define SOCK_STREAM as a plain integer macro.
    let streamSocketType = SOCK_STREAM
#endif
