import ArgumentParser
import Gateway
import GatewayApps
import Platform

/// `gwsh cgi APP`: serve one request as a CGI program.
struct CGICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cgi",
    abstract: "Serve one request as a CGI program (RFC 3875).",
    discussion: """
      The request's meta-variables come from the process environment and its body \
      from standard input; the response goes to standard output and wsgi.errors to \
      standard error. Point a web server's CGI module at a script that runs it.
      """
  )

  @Argument(help: "The app to serve: a built-in app name (see 'gwsh apps').")
  var app: String

  @Option(help: "How long the app may take, in seconds.")
  var timeout: Double = 30

  /// The built-in app `app` names, if one does.
  private var entry: BuiltinApps.Entry? { ShellConfiguration.apps.first { $0.name == app } }

  // Checked here, not in run(): the parser shows an error from validate() with this command's usage,
  // and one thrown from run() with the top-level usage.
  func validate() throws {
    guard entry != nil else { throw ValidationError("no built-in app named '\(app)'; 'gwsh apps' lists them") }
  }

  func run() throws {
    guard let entry else { return }  // validate() has said why
    // Every CGI request has a method (RFC 3875, 4.1.12): without one, this is a person at a
    // terminal, who would otherwise get the app's answer to a request that was never made.
    guard ProcessEnvironment.value(named: "REQUEST_METHOD") != nil else {
      var errors = FileDescriptorSink(Terminal.error)
      let message =
        "gwsh cgi: REQUEST_METHOD is not set, so no web server started this request. Point a web server's "
        + "CGI module at a script that runs 'gwsh cgi \(app)'; to try the app at a prompt, run 'gwsh \(app)'.\n"
      try? errors.write(Array(message.utf8))
      throw ExitCode(2)
    }
    let server = CGIServer(app: entry.app, limits: DispatchLimits(timeout: .milliseconds(Int(timeout * 1000))))
    // The web server passed bytes; the app gets them as native strings (PEP 3333), as wsgiref's CGIHandler gives them.
    let environment = ProcessEnvironment.current.map { ($0.0.nativeFromUTF8, $0.1.nativeFromUTF8) }
    server.serve(
      environment: environment, input: FileDescriptorSource(Terminal.input),
      output: FileDescriptorSink(Terminal.output), errors: FileDescriptorSink(Terminal.error))
  }
}
