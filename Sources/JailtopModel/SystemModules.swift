// The system modules every jailtop module builds on, re-exported here so that a file says
// `import JailtopModel` instead of repeating these conditions: FoundationEssentials (Date,
// Data, URL, FileManager; where it exists, so the binary never loads Foundation and its ICU)
// and the C library (Glibc on Linux and FreeBSD, Musl, Darwin).
#if canImport(FoundationEssentials)
    @_exported import FoundationEssentials
#else
    @_exported import Foundation
#endif
#if canImport(Glibc)
    @_exported import Glibc
#elseif canImport(Musl)
    @_exported import Musl
#elseif canImport(Darwin)
    @_exported import Darwin
#endif
