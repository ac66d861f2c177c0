import AppLoaders
import Gateway
import TestSupport
import Testing

/// What web servers set for CGI programs beyond RFC 3875, and real programs that need it.
@Suite("CGI programs get what web servers set")
struct CGIServerVariablesTests {
  func loaded(_ program: String, in directory: TemporaryFolder) throws -> LoadedApp {
    try AppLoader(options: LoadOptions(workingDirectory: directory.path)).load(.cgi(path: program))
  }

  func message(_ exchange: Exchange, _ id: String) -> String? {
    exchange.diagnostics.first { $0.id == id }?.message
  }

  @Test("a shell and a Perl script get SCRIPT_FILENAME (their absolute path) and REDIRECT_STATUS, unless set")
  func scriptFilename() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write(
      "vars.sh",
      "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\n%s %s\\n' \"$SCRIPT_FILENAME\" \"$REDIRECT_STATUS\"\n",
      executable: true)
    let shell = try loaded("vars.sh", in: directory)
    #expect(dispatch(shell).bodyText == "\(directory.path)/vars.sh 200\n")
    let set = dispatch(
      shell, overrides: [("SCRIPT_FILENAME", .string("/srv/www/other.sh")), ("REDIRECT_STATUS", .string("404"))])
    #expect(set.bodyText == "/srv/www/other.sh 404\n")
    _ = try SystemTools.require("perl", aptPackage: "perl")
    directory.write(
      "vars.pl",
      "#!/usr/bin/perl\nprint \"Content-Type: text/plain\\n\\n$ENV{SCRIPT_FILENAME} $ENV{REDIRECT_STATUS}\\n\";\n",
      executable: true)
    #expect(dispatch(try loaded("vars.pl", in: directory)).bodyText == "\(directory.path)/vars.pl 200\n")
  }

  @Test("php-cgi runs a script named by SCRIPT_FILENAME, and without it the outcome says to set it")
  func phpCGI() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let script = directory.write("index.php", "<?php echo 'hello ', $_GET['name'] ?? 'nobody', \"\\n\";\n")
    let php = try loaded(try SystemTools.require("php-cgi", aptPackage: "php-cgi"), in: directory)
    let bare = dispatch(php, target: "/index.php?name=ada")
    #expect(bare.status == "404 Not Found")
    #expect(
      message(bare, "cgi.program-refused")
        == "php-cgi answered 'No input file specified.': it runs the script SCRIPT_FILENAME names, which is not set; set it to the script's path, such as 'set SCRIPT_FILENAME /srv/www/index.php'"
    )
    let named = dispatch(php, target: "/index.php?name=ada", overrides: [("SCRIPT_FILENAME", .string(script))])
    #expect(named.status == "200 OK")
    #expect(named.bodyText == "hello ada\n")
    #expect(named.diagnostics.isEmpty, "\(named.diagnostics)")

    // A script run by php-cgi through its #! line is its own SCRIPT_FILENAME.
    directory.write(
      "page.php", "#!\(try SystemTools.require("php-cgi", aptPackage: "php-cgi"))\n<?php echo 'page ', $_GET['n'];\n",
      executable: true)
    let page = dispatch(try loaded("page.php", in: directory), target: "/page.php?n=7")
    #expect(page.status == "200 OK")
    #expect(page.bodyText == "page 7")
  }

  @Test(
    "php-cgi behind a wrapper that clears REDIRECT_STATUS: the outcome says what it refused")
  func phpForceRedirect() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let php = try SystemTools.require("php-cgi", aptPackage: "php-cgi")
    directory.write("index.php", "<?php echo 'hi';\n")
    directory.write("wrapper.cgi", "#!/bin/sh\nexec env -u REDIRECT_STATUS \(php)\n", executable: true)
    let exchange = dispatch(try loaded("wrapper.cgi", in: directory))
    #expect(
      message(exchange, "cgi.program-refused")
        == "php-cgi refused to run: its cgi.force_redirect asks for REDIRECT_STATUS, which did not reach it (gwsh sets it to 200 unless the environ sets it; a wrapper script may have cleared the environment)"
    )
  }

  @Test("cgit with no repositories says to set CGIT_CONFIG; with a cgitrc it lists them")
  func cgit() throws {
    let program = "/usr/lib/cgit/cgit.cgi"
    guard isExecutable(program) else { throw SystemToolError(command: program, package: "cgit", output: "") }
    _ = try SystemTools.require("git", aptPackage: "git")
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    #expect(run(["/usr/bin/env", "git", "init", "-q", "--bare", directory.path + "/repos/shop.git"]).status == 0)
    let config = directory.write(
      "cgitrc", "cache-size=0\nvirtual-root=/\nscan-path=\(directory.path)/repos\n")
    let cgit = try loaded(program, in: directory)
    let empty = dispatch(cgit, overrides: [("CGIT_CONFIG", .string(directory.path + "/none"))])
    #expect(empty.status == "404 Not found")
    #expect(
      message(empty, "cgi.program-refused")
        == "cgit found no repositories: it reads its configuration from CGIT_CONFIG, here '\(directory.path)/none'; set it to a cgitrc naming them, such as 'set CGIT_CONFIG /srv/cgitrc' with scan-path=/srv/git in it"
    )
    let listed = dispatch(cgit, overrides: [("CGIT_CONFIG", .string(config))])
    #expect(listed.status == "200 OK")
    #expect(listed.bodyText.contains("shop.git"))
    #expect(listed.diagnostics.isEmpty, "\(listed.diagnostics)")
  }

  @Test("gitweb with no projects says to set GITWEB_CONFIG; with a project root it lists them")
  func gitweb() throws {
    let program = "/usr/share/gitweb/gitweb.cgi"
    guard isExecutable(program) else { throw SystemToolError(command: program, package: "gitweb", output: "") }
    _ = try SystemTools.require("git", aptPackage: "git")
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    #expect(run(["/usr/bin/env", "mkdir", directory.path + "/empty"]).status == 0)
    #expect(run(["/usr/bin/env", "git", "init", "-q", "--bare", directory.path + "/repos/shop.git"]).status == 0)
    let empty = directory.write("empty.conf", "our $projectroot = \"\(directory.path)/empty\";\n")
    let config = directory.write("gitweb.conf", "our $projectroot = \"\(directory.path)/repos\";\n")
    let gitweb = try loaded(program, in: directory)
    let none = dispatch(gitweb, overrides: [("GITWEB_CONFIG", .string(empty))])
    #expect(none.status == "404 Not Found")
    #expect(
      message(none, "cgi.program-refused")
        == "gitweb found no projects: it reads the folder of its repositories ($projectroot) from the file GITWEB_CONFIG names, here '\(empty)'; set it to a file naming them, such as 'set GITWEB_CONFIG /srv/gitweb.conf' with our $projectroot = \"/srv/git\"; in it"
    )
    let listed = dispatch(gitweb, overrides: [("GITWEB_CONFIG", .string(config))])
    #expect(listed.status == "200 OK")
    #expect(listed.bodyText.contains("shop.git"))
    #expect(listed.diagnostics.isEmpty, "\(listed.diagnostics)")
  }
}

func isExecutable(_ path: String) -> Bool { run(["/usr/bin/test", "-x", path]).status == 0 }
