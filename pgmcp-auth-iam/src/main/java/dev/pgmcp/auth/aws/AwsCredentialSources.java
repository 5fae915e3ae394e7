package dev.pgmcp.auth.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

/**
 * Where AWS credentials come from: the standard chain (system properties, environment, web
 * identity for EKS IRSA, profile files, container credentials for ECS and EKS Pod Identity, the EC2
 * instance role through IMDSv2), or one named profile.
 */
public final class AwsCredentialSources {

    private AwsCredentialSources() {
    }

    /**
     * @param profile a profile name from the AWS config files, or null for the default chain
     */
    public static AwsCredentialsProvider of(String profile) {
        if (profile != null && !profile.isBlank()) {
            return ProfileCredentialsProvider.builder().profileName(profile).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** A description for logs and the check command. */
    public static String describe(String profile) {
        return profile != null && !profile.isBlank() ? "AWS profile " + profile : "the default AWS credential chain";
    }
}
