import Foundation

#if canImport(Darwin)
    import Darwin
    private let systemSend = Darwin.send
    private typealias Linger = Darwin.linger
#else
    // Linux and FreeBSD alike: Swift's C library module is Glibc on both.
    import Glibc
    private let systemSend = Glibc.send
    private typealias Linger = Glibc.linger
#endif

/// A blocking TCP client on 127.0.0.1 for what URLSession cannot do: stop reading halfway,
/// reset a connection, or stay silent. Every receive and send times out (`timeoutSeconds`).
final class RawSocket {
    let fd: Int32

    init(port: Int, timeoutSeconds: Int = 5) throws {
        fd = socket(AF_INET, streamSocketType, 0)
        guard fd >= 0 else { throw RawSocketError("socket: errno \(errno)") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        // 127.0.0.1 without inet_addr(3): FreeBSD's arpa/inet.h renames it with a macro
        // (`#define inet_addr __inet_addr`), which Swift cannot import.
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw RawSocketError("connect: errno \(errno)")
        }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { systemSend(fd, $0.baseAddress.map { $0 + sent }, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw RawSocketError("send: errno \(errno)") }
            sent += n
        }
    }

    /// Up to `max` bytes; empty at end of stream. Throws on a timeout or error.
    func receive(max: Int = 65536) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: max)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, max, 0) }
        guard n >= 0 else { throw RawSocketError("recv: errno \(errno)") }
        return Array(buffer[0..<n])
    }

    /// What has arrived, without waiting: empty at end of stream; throws when nothing is there yet.
    func receiveNonBlocking(max: Int = 65536) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: max)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, max, Int32(MSG_DONTWAIT)) }
        guard n >= 0 else { throw RawSocketError("recv: errno \(errno)") }
        return Array(buffer[0..<n])
    }

    /// Reads until the peer closes (bounded by `limit` bytes and the socket timeout).
    func receiveAll(limit: Int = 64 << 20) throws -> [UInt8] {
        var all: [UInt8] = []
        while all.count < limit {
            let chunk = try receive()
            if chunk.isEmpty { break }
            all += chunk
        }
        return all
    }

    /// Closes at once with a reset (SO_LINGER 0) instead of an orderly FIN.
    func reset() {
        var linger = Linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Linger>.size))
        close(fd)
    }

    func closeNow() {
        close(fd)
    }
}

/// A socket call that failed in a test.
struct RawSocketError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
