import Glibc

/// Reads an API key from a file descriptor (standard input) into a ``LockedSecretBuffer`` as the value of an
/// `Authorization` header, `Bearer <key>`, the way upstream's `read_api_key.rs` does.
///
/// The bytes go from `read(2)` straight into the locked buffer, which is pre-filled with `Bearer ` and
/// ``bufferSize`` bytes long in all: no `FileHandle`, no `readLine`, no `String`, so no unwipeable copy of the key
/// exists in the process. Reading stops at the first newline or at end of input; trailing `\r` and `\n` are
/// trimmed; whatever followed the newline is wiped. On every failure the buffer is wiped before it is released.
public enum KeyIntake {
    /// The buffer size, prefix included: keys of up to 1016 bytes fit, as upstream.
    public static let bufferSize = 1024

    /// The header value's prefix.
    static let prefix: [UInt8] = Array("Bearer ".utf8)

    /// Reads the key and returns `Bearer <key>` in locked memory.
    /// - Parameters:
    ///   - descriptor: Where to read from; standard input (0) by default.
    ///   - commandName: The command named in the "must be provided" message's example.
    /// - Returns: The header value; ``LockedSecretBuffer/isLocked`` tells whether `mlock` succeeded.
    /// - Throws: ``KeyIntakeError`` with upstream's message for an empty, too large or invalid key.
    public static func readBearerHeaderValue(
        from descriptor: Int32 = 0,
        commandName: String = "warden responses-proxy"
    ) throws(KeyIntakeError) -> LockedSecretBuffer {
        let buffer: LockedSecretBuffer
        do {
            buffer = try LockedSecretBuffer(capacity: bufferSize)
        } catch {
            throw .memoryUnavailable(errorNumber: error.errorNumber)
        }
        do {
            let length = try buffer.withUnsafeMutableStorage { (storage) throws(KeyIntakeError) -> Int in
                try fill(storage, from: descriptor, commandName: commandName)
            }
            buffer.setCount(length)
            return buffer
        } catch {
            buffer.wipe()
            throw error
        }
    }

    /// Writes the prefix and the key into `storage`; returns the header value's length.
    private static func fill(
        _ storage: UnsafeMutableRawBufferPointer,
        from descriptor: Int32,
        commandName: String
    ) throws(KeyIntakeError) -> Int {
        for (index, byte) in prefix.enumerated() { storage[index] = byte }
        var filled = prefix.count
        var newline: Int?
        while newline == nil {
            guard filled < storage.count, let start = storage.baseAddress?.advanced(by: filled) else {
                throw .tooLarge
            }
            let count = read(descriptor, start, storage.count - filled)
            if count < 0 {
                if errno == EINTR { continue }
                throw .readFailed(errorNumber: errno)
            }
            if count == 0 { break }
            newline = (filled..<(filled + count)).first { storage[$0] == UInt8(ascii: "\n") }
            filled += count
        }
        var end = newline ?? filled
        while end > prefix.count, storage[end - 1] == UInt8(ascii: "\r") || storage[end - 1] == UInt8(ascii: "\n") {
            end -= 1
        }
        guard end > prefix.count else { throw .empty(commandName: commandName) }
        for index in prefix.count..<end where !isAllowed(storage[index]) {
            throw .invalidCharacter
        }
        return end
    }

    /// `[A-Za-z0-9_-]`.
    static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}
