package io.varanus.connectors.generate;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A shop's combined access log. Normal: visitors from a population of addresses browse a site map
 * (pages, then their static assets), search, log in, fill carts; status codes and sizes vary per
 * path (304s, some 404s, a few 500s); crawlers visit too. Attacks: SQL injection and path traversal
 * probes from single addresses (half of them with ordinary browser user agents), and Nikto-like
 * scanners requesting hundreds of known-vulnerable paths in quick succession.
 */
final class WebGenerator extends StreamGenerator {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private static final String[] PAGES = {
    "/",
    "/",
    "/",
    "/products",
    "/products",
    "/about",
    "/contact",
    "/cart",
    "/blog",
    "/blog/2024/03/spring-sale",
    "/faq",
    "/login",
    "/account"
  };
  private static final String[] ASSETS = {
    "/static/css/site.css",
    "/static/js/app.js",
    "/static/js/vendor.js",
    "/favicon.ico",
    "/static/img/logo.svg",
    "/static/fonts/inter.woff2"
  };
  private static final String[] WORDS = {
    "shoes", "red+dress", "laptop", "usb-c", "gift", "sale", "jacket", "coffee", "headphones"
  };
  private static final String[] BROWSERS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/17.3 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
        + " Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/122.0.0.0 Mobile Safari/537.36"
  };

  /** Drift: browser versions released after the others. */
  private static final String[] NEW_BROWSERS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 15_1) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Linux; Android 15; SM-S928B) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36"
  };

  /** Drift: a site section launched after the others. */
  private static final String[] NEW_PAGES = {
    "/v2/catalog", "/checkout/express", "/help", "/stores/near-me", "/account/wishlist"
  };

  private static final String[] BOTS = {
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"
  };
  private static final String[] SQLI = {
    "/products?id=1'",
    "/products?id=1%27%20OR%20%271%27=%271",
    "/products?id=1%20UNION%20SELECT%20null,username,password%20FROM%20users--",
    "/search?q=shoes%27%29%3B%20DROP%20TABLE%20orders%3B--",
    "/products?id=1%20AND%20SLEEP(5)",
    "/login?user=admin'--&pass=x",
    "/products?id=-1%20OR%201=1",
    "/search?q=1'%20AND%20extractvalue(1,concat(0x7e,version()))--",
    "/products?id=1;SELECT%20pg_sleep(5)",
    "/account?id=1%20ORDER%20BY%2010--"
  };
  private static final String[] TRAVERSAL = {
    "/download?file=../../../../etc/passwd", "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/download?file=..%5c..%5c..%5cwindows%5cwin.ini", "/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh",
    "/images/....//....//....//etc/shadow",
        "/download?file=%2e%2e%2f%2e%2e%2fproc%2fself%2fenviron",
    "/index.php?page=../../../../var/log/apache2/access.log"
  };
  private static final String[] SCANNED = {
    "/admin.php",
    "/phpmyadmin/",
    "/wp-login.php",
    "/.git/config",
    "/.env",
    "/cgi-bin/test.cgi",
    "/scripts/..%c1%1c../winnt/system32/cmd.exe?/c+dir",
    "/_vti_bin/shtml.exe",
    "/server-status",
    "/backup.zip",
    "/config.php.bak",
    "/cgi-bin/php.cgi",
    "/manager/html",
    "/.DS_Store",
    "/xmlrpc.php",
    "/console",
    "/actuator/env",
    "/iisadmin/",
    "/msadc/msadcs.dll",
    "/test.php",
    "/shell.php",
    "/etc/passwd",
    "/WEB-INF/web.xml",
    "/admin/config.php",
    "/solr/admin/",
    "/.svn/entries"
  };
  private static final String[] SCANNER_AGENTS = {
    "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:", "-", "Mozilla/5.0 (compatible; scan)"
  };

  private final String[] visitors = new String[600];

  /** Drift: visitors from an address range none of the others comes from (shared address space). */
  private final String[] newVisitors;

  WebGenerator(GeneratorConfig config) {
    super(config, 4);
    for (int i = 0; i < visitors.length; i++) {
      visitors[i] = chance(0.1) ? internalIp(10, 20) : externalIp();
    }
    newVisitors = new String[drifting() ? 200 : 0];
    for (int i = 0; i < newVisitors.length; i++) {
      newVisitors[i] = "100." + between(64, 71) + "." + rnd.nextInt(256) + "." + between(1, 254);
    }
  }

  private static String line(
      long t,
      String ip,
      String method,
      String path,
      int status,
      long bytes,
      String ref,
      String ua) {
    return ip
        + " - - ["
        + TIME.format(instant(t))
        + "] \""
        + method
        + " "
        + path
        + " HTTP/1.1\" "
        + status
        + " "
        + (bytes == 0 ? "-" : Long.toString(bytes))
        + " \""
        + ref
        + "\" \""
        + ua
        + "\"";
  }

  @Override
  void normalSession(long t) {
    boolean bot = chance(0.06);
    String ip = bot ? "66.249.66." + between(1, 200) : visitors[rnd.nextInt(visitors.length)];
    String ua = bot ? pick(BOTS) : pick(BROWSERS);
    boolean newSection = false;
    if (!bot) {
      ip = drifted() ? pick(newVisitors) : ip;
      ua = drifted() ? pick(NEW_BROWSERS) : ua;
      newSection = drifted();
    }
    int pages = bot ? between(3, 12) : between(1, 6);
    String ref = chance(0.4) ? "https://www.google.com/" : "-";
    long at = t;
    for (int i = 0; i < pages; i++) {
      String page = newSection && chance(0.6) ? newPage() : page();
      boolean post = page.equals("/login") && chance(0.5);
      int status = post ? 302 : (chance(0.03) ? 404 : (chance(0.004) ? 500 : 200));
      String path = status == 404 ? page + "/old-" + between(1, 99) : page;
      emitNormal(
          at,
          line(
              at,
              ip,
              post ? "POST" : "GET",
              path,
              status,
              status == 302 ? 0 : (long) logNormal(12000, 0.6),
              ref,
              ua));
      if (!bot) {
        assets(at, ip, ua, "https://shop.example.com" + page);
      }
      ref = "https://shop.example.com" + page;
      at += seconds(logNormal(bot ? 2 : 20, 0.9));
    }
  }

  private String page() {
    double r = rnd.nextDouble();
    if (r < 0.2) {
      return "/products/" + between(1000, 1400);
    }
    if (r < 0.3) {
      return "/search?q=" + pick(WORDS);
    }
    if (r < 0.35) {
      return "/api/v1/items?page=" + between(1, 20);
    }
    return pick(PAGES);
  }

  private String newPage() {
    String section = pick(NEW_PAGES);
    return switch (section) {
      case "/v2/catalog" -> chance(0.5) ? section : section + "/" + between(5000, 5300);
      case "/help" -> section + "/articles/" + between(1, 60);
      default -> section;
    };
  }

  private void assets(long t, String ip, String ua, String ref) {
    int n = between(0, 4);
    for (int i = 0; i < n; i++) {
      long at = t + seconds(0.05 + rnd.nextDouble() * 0.5);
      boolean cached = chance(0.5);
      emitNormal(
          at,
          line(
              at,
              ip,
              "GET",
              pick(ASSETS),
              cached ? 304 : 200,
              cached ? 0 : (long) logNormal(30000, 1.0),
              ref,
              ua));
    }
  }

  @Override
  void attackBurst(long t) {
    double r = rnd.nextDouble();
    String ip = externalIp();
    if (r < 0.35) {
      probes(
          t,
          ip,
          SQLI,
          "sql_injection",
          between(10, 60),
          chance(0.5) ? "sqlmap/1.7.2#stable (https://sqlmap.org)" : pick(BROWSERS),
          3);
    } else if (r < 0.6) {
      probes(
          t,
          ip,
          TRAVERSAL,
          "path_traversal",
          between(5, 40),
          chance(0.5) ? "curl/8.5.0" : pick(BROWSERS),
          4);
    } else {
      String agent = pick(SCANNER_AGENTS);
      probes(t, ip, SCANNED, "scanner", between(80, 400), agent, 0.15);
    }
  }

  private void probes(
      long t, String ip, String[] paths, String attackClass, int n, String ua, double pace) {
    long at = t;
    for (int i = 0; i < n; i++) {
      String path = pick(paths);
      int status =
          attackClass.equals("sql_injection")
              ? (chance(0.6) ? 200 : 500)
              : (chance(0.85) ? 404 : (chance(0.5) ? 403 : 200));
      String agent =
          ua.endsWith("(Test:") ? ua + String.format(Locale.ROOT, "%06d)", between(1, 7000)) : ua;
      long bytes = status == 200 ? (long) logNormal(9000, 0.8) : between(200, 600);
      emitAttack(
          at,
          line(at, ip, chance(0.9) ? "GET" : "POST", path, status, bytes, "-", agent),
          attackClass);
      at += seconds(exponential(pace));
    }
  }
}
