import Gateway

/// A known CGI program's own error page about what its environment lacks, recognised so
/// the outcome can say what to set: php-cgi finds its script only through
/// `SCRIPT_FILENAME`, and refuses to run at all without `REDIRECT_STATUS`; cgit finds
/// its repositories through the configuration file `CGIT_CONFIG` names, gitweb through
/// the one `GITWEB_CONFIG` names (Debian's gitweb otherwise reads `/etc/gitweb.conf`,
/// whose `/var/lib/git` is empty on most machines).
struct CGIRefusal {
  /// What happened and what to set, for the diagnostic.
  var message: String

  /// A response whose body is still to be checked: its first bytes are gathered, since a
  /// program may write its page in several pieces.
  struct Watch {
    var head: CGIResponseHead
    var environ: Environ
    var context: GatewayContext
    private var seen: [UInt8] = []

    init(head: CGIResponseHead, environ: Environ, context: GatewayContext) {
      self.head = head
      self.environ = environ
      self.context = context
    }

    /// An error page is short: past this, a body is none.
    static let limit = 16 * 1024

    /// Takes the next chunk (`nil` at the end) and reports the refusal the body shows, if any.
    /// - Returns: Whether the watch is over.
    mutating func look(at chunk: [UInt8]?) -> Bool {
      if let chunk { seen += chunk.prefix(Self.limit - seen.count) }
      if let refusal = CGIRefusal(head, body: seen, environ: environ) {
        context.report(Diagnostic(.cgiProgramRefused, refusal.message))
        return true
      }
      return chunk == nil || seen.count >= Self.limit
    }
  }

  /// Whether a response with this head may be a refusal: a 404, or output that is no CGI response.
  static func mayBe(_ head: CGIResponseHead) -> Bool {
    switch head {
    case .document(let status, _): return status.hasPrefix("404")
    case .malformed: return true
    case .localRedirect: return false
    }
  }

  /// Recognises a refusal in the response's head and the first body bytes, or `nil`.
  init?(_ head: CGIResponseHead, body: [UInt8], environ: Environ) {
    switch head {
    case .document(let status, _) where status.hasPrefix("404") && Self.contains(body, Self.cgitNoRepositories):
      let config = environ.string("CGIT_CONFIG")
      message =
        "cgit found no repositories: it reads its configuration from CGIT_CONFIG, "
        + (config.map { "here \($0.quotedForMessage)" } ?? "which is not set (so /etc/cgitrc)")
        + "; set it to a cgitrc naming them, such as 'set CGIT_CONFIG /srv/cgitrc' with scan-path=/srv/git in it"
    case .document(let status, _) where status.hasPrefix("404") && Self.contains(body, Self.gitwebNoProjects):
      let config = environ.string("GITWEB_CONFIG")
      message =
        "gitweb found no projects: it reads the folder of its repositories ($projectroot) from the file "
        + "GITWEB_CONFIG names, "
        + (config.map { "here \($0.quotedForMessage)" } ?? "which is not set (so /etc/gitweb.conf)")
        + "; set it to a file naming them, such as 'set GITWEB_CONFIG /srv/gitweb.conf' with "
        + "our $projectroot = \"/srv/git\"; in it"
    case .document(let status, _) where status.hasPrefix("404"):
      guard Self.starts(body, with: "No input file specified.") else { return nil }
      let script = environ.string("SCRIPT_FILENAME")
      message =
        "php-cgi answered 'No input file specified.': it runs the script SCRIPT_FILENAME names, "
        + (script.map { "and there is no readable file at \($0.quotedForMessage)" } ?? "which is not set")
        + "; set it to the script's path, such as 'set SCRIPT_FILENAME /srv/www/index.php'"
    case .malformed:
      guard Self.contains(body, "The PHP CGI cannot be accessed directly") else { return nil }
      message =
        "php-cgi refused to run: its cgi.force_redirect asks for REDIRECT_STATUS, which did not reach it "
        + "(gwsh sets it to 200 unless the environ sets it; a wrapper script may have cleared the environment)"
    default:
      return nil
    }
  }

  /// What cgit's page says when its configuration names no repository.
  static let cgitNoRepositories = "<div class='error'>No repositories found</div>"

  /// What gitweb's page says when its project root holds no repository.
  static let gitwebNoProjects = "404 - No projects found"

  private static func starts(_ bytes: [UInt8], with text: String) -> Bool {
    bytes.starts(with: text.utf8)
  }

  private static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
    let needle = Array(text.utf8)
    guard bytes.count >= needle.count else { return false }
    return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
  }
}
