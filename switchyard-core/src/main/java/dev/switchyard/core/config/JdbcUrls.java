package dev.switchyard.core.config;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** What may be said about a JDBC URL without trusting it: is it a safe PostgreSQL URL, and its text with secrets masked. */
public final class JdbcUrls {
    static final String POSTGRES = "jdbc:postgresql:";

    /**
     * The PostgreSQL driver's URL parameters a shard added over the admin API may carry: connection, TLS mode,
     * timeouts and statement tuning. A whitelist, not a blacklist, because the driver keeps gaining parameters that
     * load a class by name ({@code socketFactory}, {@code sslfactory}, {@code sslhostnameverifier},
     * {@code sslpasswordcallback}, {@code authenticationPluginClassName}), read or write a file on this host
     * ({@code sslcert}, {@code sslkey}, {@code sslrootcert}, {@code loggerFile}, {@code service}) or reach Kerberos
     * and JAAS configuration ({@code jaasLogin}, {@code gsslib}); a name the list does not know is refused. Names are
     * compared exactly, as the driver reads them. A shard that needs client certificates goes in the config file,
     * which the operator writes.
     */
    private static final Set<String> SAFE_POSTGRES_PARAMETERS = Set.of("user", "password", "ssl", "sslmode",
            "channelBinding", "ApplicationName", "currentSchema", "connectTimeout", "socketTimeout", "loginTimeout",
            "cancelSignalTimeout", "tcpKeepAlive", "tcpNoDelay", "targetServerType", "loadBalanceHosts",
            "hostRecheckSeconds", "prepareThreshold", "preparedStatementCacheQueries", "preparedStatementCacheSizeMiB",
            "defaultRowFetchSize", "reWriteBatchedInserts", "binaryTransfer", "readOnly", "readOnlyMode", "stringtype",
            "assumeMinServerVersion", "autosave", "cleanupSavepoints");

    /** A parameter whose name holds "password" ({@code password}, {@code sslpassword}, H2's {@code PASSWORD}). */
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i)([?&;][^=&;?#]*password[^=&;?#]*=)[^&;#]*");
    /** {@code //user:secret@host}: drivers that take credentials in the authority. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?;]*:)[^/@]*@");

    private JdbcUrls() {}

    /**
     * Empty when {@code url} is a {@code jdbc:postgresql:} URL whose parameters are all in the whitelist above;
     * otherwise what is wrong with it, naming at most a parameter's name, never a value (values may be secrets).
     */
    public static Optional<String> postgresProblem(String url) {
        if (url == null || !url.startsWith(POSTGRES)) {
            return Optional.of("only " + POSTGRES + " URLs are accepted");
        }
        for (int i = 0; i < url.length(); i++) {
            if (Character.isISOControl(url.charAt(i))) {
                return Optional.of("control characters are not allowed in the URL");
            }
        }
        int query = url.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        // The driver's own parsing: split at '&', the name is what precedes the first '='.
        for (String parameter : url.substring(query + 1).split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int eq = parameter.indexOf('=');
            String name = eq < 0 ? parameter : parameter.substring(0, eq);
            if (!SAFE_POSTGRES_PARAMETERS.contains(name)) {
                return Optional.of("URL parameter '" + printable(name) + "' is not allowed here (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(SAFE_POSTGRES_PARAMETERS)) + ")");
            }
        }
        return Optional.empty();
    }

    /** {@code url} with the value of every password parameter, and of a password in the authority, as {@code ***}. */
    public static String masked(String url) {
        if (url == null) {
            return null;
        }
        return USER_INFO.matcher(SECRET_PARAMETER.matcher(url).replaceAll("$1***")).replaceAll("$1***@");
    }

    private static String printable(String name) {
        String cut = name.length() > 64 ? name.substring(0, 64) + "..." : name;
        return cut.replaceAll("[^A-Za-z0-9_.-]", "?");
    }
}
