"""HealthTech Analytics infrastructure: network, Redis cache and ECS Fargate compute."""
