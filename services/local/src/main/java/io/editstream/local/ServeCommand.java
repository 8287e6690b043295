package io.editstream.local;

import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Brings the whole stack up and serves the gateway until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the embedded broker, S3 endpoint and all six services; serve the gateway until Ctrl-C.")
public final class ServeCommand implements java.util.concurrent.Callable<Integer> {
    @Mixin
    StackMixin stack;

    @Override
    public Integer call() throws Exception {
        LocalStack running = LocalStack.start(stack.options());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "editstream-shutdown"));
        System.out.println();
        System.out.println("EditStream is serving at " + running.gatewayUrl() + "/  (Ctrl-C stops it)");
        System.out.println("  submit:  curl -F image=@photo.png -F 'instruction=what if the glass fell?' "
                + running.gatewayUrl() + "/v1/edits");
        System.out.println("  kafka:   " + running.kafka().bootstrapServers() + "   s3: " + running.storage().endpoint()
                + " (bucket " + running.storage().bucket() + ")");
        stopped.await();
        return 0;
    }
}
