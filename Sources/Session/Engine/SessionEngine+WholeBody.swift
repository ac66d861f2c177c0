import ContentCoding
import Gateway
import JSON

/// The whole body for the checks that read its text (`expect body ~` and `!~`, `expect json`,
/// `capture … json|body`): a body past its in-memory head is read back from where it was kept,
/// so a pattern is never matched against part of a body, and a `!~` never passes for not
/// having looked.
extension SessionEngine {
  /// The most bytes of a body these checks read whole: a larger one fails them, saying so,
  /// rather than holding a gigabyte in memory to match a pattern.
  package static let checkedBodyLimit = 64 << 20

  /// Why a body cannot be read whole for a check.
  struct BodyNotWhole: Error, CustomStringConvertible {
    var description: String
  }

  /// Why the body of a check that reads JSON has none to give.
  enum DocumentFailure: Error, CustomStringConvertible {
    case notJSON(JSONParseError)
    case notWhole(BodyNotWhole)

    var description: String {
      switch self {
      case .notJSON(let error): "the body is not JSON: \(error)"
      case .notWhole(let reason): "\(reason)"
      }
    }
  }

  /// The body's bytes, all of them: its head when that is the whole, else read back from its spill.
  func wholeBody(_ body: CapturedBytes) throws(BodyNotWhole) -> [UInt8] {
    if body.isComplete { return body.head }
    guard body.byteCount <= Self.checkedBodyLimit else {
      throw BodyNotWhole(
        description:
          "the body is \(body.byteCount) bytes, and a check reads at most \(Self.checkedBodyLimit >> 20) MiB of a body; "
          + "check its size or sha256 instead")
    }
    guard let spill = body.spill as? any PieceReadable else {
      throw BodyNotWhole(
        description:
          "only the first \(body.head.count) of the body's \(body.byteCount) bytes were kept, so it cannot be checked whole"
      )
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(body.byteCount)
    do {
      try spill.forEachPiece { piece in
        bytes += piece
        return bytes.count < body.byteCount
      }
    } catch {
      throw BodyNotWhole(description: "the body's bytes kept on disk cannot be read: \(error)")
    }
    guard bytes.count >= body.byteCount else {
      throw BodyNotWhole(
        description:
          "only \(bytes.count) of the body's \(body.byteCount) bytes were kept, so it cannot be checked whole")
    }
    return Array(bytes.prefix(body.byteCount))
  }
}
