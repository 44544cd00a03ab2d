/// One frame of the exec protocol: `type: u8 | length: u32 big-endian | payload`.
///
/// The shim sends one ``Kind/request`` and then, only when it is itself signalled, ``Kind/signal`` frames.
/// The server streams ``Kind/standardOutput`` and ``Kind/standardError`` chunks and ends with exactly one
/// ``Kind/exit`` or ``Kind/failure``. Closing the connection means cancel.
public struct ExecFrame: Sendable, Hashable {
    /// What a frame carries.
    public enum Kind: UInt8, Sendable, Hashable {
        /// `R`: the JSON ``ExecCommandRequest`` (client → server, first and once).
        case request = 0x52
        /// `S`: a signal number as one byte, to deliver to the command's process group (client → server).
        case signal = 0x53
        /// `O`: a chunk of the command's standard output (server → client).
        case standardOutput = 0x4F
        /// `E`: a chunk of the command's standard error (server → client).
        case standardError = 0x45
        /// `X`: the JSON ``ExecCommandOutcome``; the last frame (server → client).
        case exit = 0x58
        /// `F`: a refusal or failure as UTF-8 text; the last frame (server → client).
        case failure = 0x46
    }

    /// The size of the header before each payload.
    public static let headerSize = 5

    /// The largest output chunk the server puts in one frame.
    public static let maximumChunkSize = 64 * 1024

    /// What the frame carries.
    public var kind: Kind
    /// The payload bytes.
    public var payload: [UInt8]

    /// A frame of `kind` with `payload`.
    public init(_ kind: Kind, payload: [UInt8]) {
        self.kind = kind
        self.payload = payload
    }

    /// A frame of `kind` with the UTF-8 bytes of `text`.
    public init(_ kind: Kind, text: String) {
        self.init(kind, payload: Array(text.utf8))
    }

    /// The frame as bytes on the wire.
    public var encoded: [UInt8] {
        let length = UInt32(payload.count)
        var bytes: [UInt8] = [kind.rawValue, UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
        bytes.append(contentsOf: payload)
        return bytes
    }
}
