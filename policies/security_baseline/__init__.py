"""Security baseline pack: CIS EKS / GKE / AKS controls and Checkov checks ported to Pulumi resources."""
