import CFreedMemory

/// Gives memory freed since the last call back to the system (glibc's malloc_trim; nothing
/// where the allocator does it by itself, see Sources/CFreedMemory/shim.h). The dashboard calls
/// it once per sample, after the old sample is gone: a few milliseconds on 50 000 processes.
public enum FreedMemory {
    static func release() {
        jt_release_freed_memory()
    }

    /// Tunes the allocator for a long-running process that reads megabytes a second (glibc:
    /// large blocks always mapped, one arena; see the shim). Called first by the dashboard and
    /// the exporter, before any thread allocates.
    public static func keepHeapCompact() {
        jt_keep_heap_compact()
    }
}
