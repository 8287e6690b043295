package io.editstream.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust from a PEM file of CA certificates ({@code s3.caFile}): an S3 endpoint signed by an in-house CA or
 * self-signed is accepted, and only the certificates in that file are (the JVM's public CAs are not added, so the
 * file is the whole answer to "whom does storage trust"). Host names are still verified by the HTTP client.
 */
record PemTrust(SSLContext context, X509TrustManager trustManager) {

    static PemTrust of(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("s3 CA file " + pem + " holds no PEM certificate (config s3.caFile / env S3_CA_FILE)");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            X509TrustManager trustManager = null;
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    trustManager = x509;
                }
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return new PemTrust(context, trustManager);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the s3 CA file " + pem + " (config s3.caFile / env S3_CA_FILE): "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the s3 CA file " + pem + " is not a PEM certificate list (config s3.caFile"
                    + " / env S3_CA_FILE): " + e.getMessage(), e);
        }
    }
}
