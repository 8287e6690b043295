package io.editstream.local;

import io.editstream.auth.ApiKeys;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code editstream keys add}: a new API key for a tenant, whose hash goes into the gateway's keys file. */
@Command(name = "keys", mixinStandardHelpOptions = true, subcommands = KeysCommand.Add.class,
        description = {"Manage the gateway's API keys (auth.mode=api-key).",
            "The keys file keeps only each key's SHA-256, its tenant and name: mount it as a Kubernetes secret, or pass it"
                    + " to `serve --api-keys FILE` (AUTH_KEYS_FILE for `service gateway` and `up`)."})
public final class KeysCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("usage: editstream keys add --tenant TENANT --file FILE [--name NAME]  (see editstream keys add --help)");
    }

    /** Prints the new key once: it is not kept anywhere but with whoever copies it now. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Create an API key for --tenant, append its hash to --file (created, mode 600) and print the key.",
                "The key is shown only this once. Callers send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.",
                "A running gateway reads the file at start: restart it (or roll its pods) to take new keys."})
    public static final class Add implements Callable<Integer> {
        @Option(names = "--tenant", required = true, description = "The tenant the key acts for (1-64 letters, digits, '-', '_').")
        String tenant;

        @Option(names = "--file", required = true, description = "The keys file to append to.")
        Path file;

        @Option(names = "--name", defaultValue = "key", description = "A name for the key, shown as the rater and in logs (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() throws Exception {
            String key = ApiKeys.add(file, tenant, name);
            System.err.println("added key '" + name + "' of tenant " + tenant + " to " + file.toAbsolutePath()
                    + "; it is shown only now:");
            System.out.println(key);
            return 0;
        }
    }
}
