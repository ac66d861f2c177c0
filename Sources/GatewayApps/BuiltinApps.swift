import Gateway

/// The apps built into gwsh, by name.
public enum BuiltinApps {
  /// One built-in app.
  public struct Entry: Sendable {
    /// The name a user loads it by.
    public let name: String
    /// What it shows, in a line.
    public let summary: String
    /// The application.
    public let app: any Application

    /// Creates an entry, for a program that embeds the shell with its own apps.
    /// - Parameters:
    ///   - name: The name a user loads it by.
    ///   - summary: What it shows, in a line.
    ///   - app: The application.
    public init(name: String, summary: String, app: any Application) {
      self.name = name
      self.summary = summary
      self.app = app
    }
  }

  /// Every built-in app, in the order `gwsh apps` lists them.
  public static let all: [Entry] = [
    Entry(
      name: "demo",
      summary: "a small shop to explore: HTML and JSON routes, a form, a login cookie, a stream, a failure",
      app: DemoApp()),
    Entry(
      name: "echo",
      summary: "answers any request with a JSON document of its string environ and the body it read",
      app: EchoApp()),
    Entry(
      name: "write",
      summary: "sends its body through the legacy write() callable, then yields the rest",
      app: WriteApp()),
    Entry(
      name: "excinfo",
      summary:
        "fails while answering and recovers with start_response(..., exc_info); ?after=1 fails after the headers",
      app: ExcInfoApp()),
    Entry(
      name: "slow",
      summary: "streams ?chunks=N chunks ?delay=SECONDS apart; /endless never ends, /stuck never returns",
      app: SlowApp()),
    Entry(
      name: "broken",
      summary: "breaks a rule of PEP 3333 on every route, so the validator has something to say (see /)",
      app: BrokenApp()),
  ]

  /// The built-in app named `name`.
  public static func named(_ name: String) -> Entry? {
    all.first { $0.name == name }
  }
}
