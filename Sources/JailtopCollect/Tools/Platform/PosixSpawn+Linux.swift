#if os(Linux) || os(Android)
    import Glibc

    /// glibc (and musl) declare posix_spawn's attribute and file-action objects as structs, so
    /// Swift imports them as value types that start zeroed; `posix_spawn` takes pointers to them.
    public enum PosixSpawn {
        public typealias Attributes = posix_spawnattr_t
        public typealias FileActions = posix_spawn_file_actions_t

        /// Storage for `posix_spawnattr_init`.
        public static func emptyAttributes() -> Attributes { posix_spawnattr_t() }
        /// Storage for `posix_spawn_file_actions_init`.
        public static func emptyFileActions() -> FileActions { posix_spawn_file_actions_t() }
    }
#endif
