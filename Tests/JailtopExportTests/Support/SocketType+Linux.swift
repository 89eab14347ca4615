#if os(Linux) || os(Android)
    import Glibc

    /// glibc declares the socket types as an enum (`__socket_type`), so Swift imports
    /// SOCK_STREAM as a struct with a raw value.
    let streamSocketType = Int32(SOCK_STREAM.rawValue)
#endif
