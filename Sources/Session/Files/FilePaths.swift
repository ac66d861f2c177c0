import Platform

/// Path arithmetic on text, without touching the file system: what `save`
/// needs to name, from the folder it writes to, a file named from another.
enum FilePaths {
  /// The process's working directory, or `/` when it cannot be read.
  static var workingDirectory: String { FileSystem.workingDirectory }

  /// `path` made absolute (from the working directory), without `.`, `..`, repeated or trailing `/`.
  static func standardized(_ path: String) -> String {
    let absolute = path.hasPrefix("/") ? path : workingDirectory + "/" + path
    var parts: [Substring] = []
    for part in absolute.split(separator: "/") {
      switch part {
      case ".": continue
      case "..": if !parts.isEmpty { parts.removeLast() }
      default: parts.append(part)
      }
    }
    return "/" + parts.joined(separator: "/")
  }

  /// How `folder` names `path`: `../data/order.json` from a sibling folder.
  static func relative(_ path: String, from folder: String) -> String {
    let target = standardized(path).split(separator: "/")
    let start = standardized(folder).split(separator: "/")
    var common = 0
    while common < min(target.count, start.count), target[common] == start[common] { common += 1 }
    let up = Array(repeating: "..", count: start.count - common)
    let down = target[common...].map(String.init)
    return (up + down).joined(separator: "/")
  }
}
