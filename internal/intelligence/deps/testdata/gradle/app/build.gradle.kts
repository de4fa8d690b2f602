plugins {
    alias(libs.plugins.kotlin.jvm)
    application
}

val guavaVersion = "33.1.0-jre"

dependencies {
    implementation(libs.bundles.network)
    implementation(libs.kotlinx.coroutines.core)
    implementation("com.google.guava:guava:$guavaVersion")
    implementation(project(":model"))
    compileOnly(group = "org.projectlombok", name = "lombok", version = "1.18.32")
    runtimeOnly("org.postgresql:postgresql:42.7.3")
    testImplementation(libs.junit.jupiter)
    testRuntimeOnly("org.junit.platform:junit-platform-launcher")
}

application {
    mainClass.set("inventory.AppKt")
}
