#if os(FreeBSD) || os(OpenBSD) || canImport(Darwin)
    #if canImport(Darwin)
        import Darwin
    #else
        // Swift's C library module is called Glibc on FreeBSD and OpenBSD too.
        import Glibc
    #endif

    /// FreeBSD (`typedef struct posix_spawnattr *posix_spawnattr_t;` in spawn.h), OpenBSD and
    /// Darwin declare posix_spawn's attribute and file-action objects as pointers to opaque
    /// structs, so Swift imports them as optional pointers: the storage is a nil pointer that
    /// `posix_spawnattr_init` fills in, and `posix_spawn` takes pointers to those optionals.
    public enum PosixSpawn {
        public typealias Attributes = posix_spawnattr_t?
        public typealias FileActions = posix_spawn_file_actions_t?

        /// Storage for `posix_spawnattr_init`.
        public static func emptyAttributes() -> Attributes { nil }
        /// Storage for `posix_spawn_file_actions_init`.
        public static func emptyFileActions() -> FileActions { nil }
    }
#endif
