extension String {
  /// The string in single quotes, with what would break a line or act on a
  /// terminal escaped, as a diagnostic quotes a value.
  var quoted: String {
    var result = "'"
    for scalar in unicodeScalars {
      switch scalar {
      case "\\": result += "\\\\"
      case "'": result += "\\'"
      case _ where !VisibleText.isSafe(scalar): result += VisibleText.escaped(scalar)
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "'"
  }
}
