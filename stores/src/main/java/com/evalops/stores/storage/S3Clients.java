package com.evalops.stores.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the one {@link S3Client} a worker shares between its S3 stores. */
public final class S3Clients {
  private S3Clients() {}

  public static S3Client create(S3Settings settings) {
    // A blocking client is all the stores need. Not the JDK's URLConnection one: under many
    // concurrent conditional PUTs some failed with "Error writing request body to server" through
    // every retry, where a lost race must come back as a plain 412.
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(Apache5HttpClient.builder())
            .forcePathStyle(settings.pathStyleAccess());
    if (settings.region() != null) {
      builder.region(Region.of(settings.region()));
    }
    if (settings.endpointOverride() != null) {
      builder.endpointOverride(settings.endpointOverride());
    }
    // Without static keys the builder's own default is the default provider chain.
    if (settings.accessKeyId() != null) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())));
    }
    return builder.build();
  }
}
